"""Common first names of children and parents in the Netherlands, for the privacy guard.

Written for Verbind, not taken from a register: names that are frequent among children born here
since about 2005 and among their parents, across the larger communities. A name on this list
lets the guard recognise "Jan de Vries" without a role word, "Sanne (8)" and "moeder fatima".
Names that are also everyday words or brands (Roos, Albert, Lieve, Job) are left out or kept
out of the lower-case checks below, so ordinary text does not raise false alarms.
"""

_DUTCH_BOYS = """
    Noah Sem Liam Lucas Daan Finn Levi Luuk Mees James Milan Sam Noud Benjamin Luca Bram Jesse
    Mason Siem Adam Thomas Teun Jens Julian Tijn Hugo Lars Gijs Ties Thijs Ruben Stijn Tom Tim
    Olivier Jayden Floris Dex Vince Boaz Otis Morris Joep Guus Jurre Mats Sven Niek Cas Hidde Jip
    Pepijn Koen Kyan Mick Owen Dani Xavi Jack Oliver Jayson Pim Wessel Stan Rens Jort Tygo Youri
    Quinten Sil Sepp Timo Daniël Daniel Gabriël Elias Matthijs Tobias Mika Moos Ryan Kai Joshua
    Jelle Niels Jacob Johannes Pieter Sebastiaan Sander Stefan Joris Jasper Jeroen Martijn Michiel
    Maarten Bart Dirk Erik Gert Hans Henk Johan Joost Kevin Marco Mike Nick Patrick Paul Remco
    Richard Rick Robin Roel Ronald Ruud Sjoerd Vincent Wim Wouter Arjen Arjan Bert Edwin Gerard
    Jorn Kees Klaas Lennart Marcel Martin Mathijs Menno Nico Rik Roy Sjaak Theo Ton Wesley Wilco
    Jan Willem Hendrik Gerrit Jurgen Dennis Bas Mark Frank Peter Rob Tygo Melle Fedde Sietse
    Wietse Hessel Jesper Jari Lucas Mathis Max Mauro Nathan Rafael Sami Senn Sepp Silas Tijmen
    Valentijn Vigo Wout Ivo Ids Jasper Jordy Kaj Lenn Lex Luc Mart Maurits Mohan Nout Olaf Quinn
    Riley Roan Romeo Ronan Ruud Seth Sjors Thijmen Tristan Twan Victor Ward Xander Yannick Yorick
    Zeger Evert Harm-Jan Jan-Willem Bastiaan Coen Diederik Douwe Eelco Friso Gerben Hidde Jochem
    Laurens Lodewijk Marnix Mathijs Merijn Reinier Rutger Stijn Tjeerd Wiebe Wijnand Ewout
"""

_DUTCH_GIRLS = """
    Emma Julia Mila Tess Sophie Zoë Zoe Sara Nora Yara Eva Liv Lotte Evi Noor Anna Saar Olivia
    Lieke Fenna Nina Lauren Elin Isa Maud Sarah Fleur Lisa Hailey Lynn Sofie Amy Luna Ella Femke
    Esmee Ivy Mia Hannah Hanna Sanne Iris Vera Floor Lara Lina Amira Suze Nova Loïs Lois Romy
    Noa Puck Feline Fay Anne Sophia Ilse Eline Marit Kiki Demi Babette Jet Pien Veerle Benthe
    Bente Lize Myla Zara Sterre Noortje Nienke Isabel Isabella Elise Esther Mirthe Nikki Anouk
    Daphne Emily Janneke Kim Laura Lisanne Manon Maaike Marieke Melissa Naomi Rosalie Sabine
    Tamara Tessa Willemijn Zoey Lotte Lot Jasmijn Merel Linde Amber Rosa Elif Lena Lola Mare
    Nova Odette Pleun Fien Jolie Juul Lize Liz Maartje Mette Milou Nadine Noëlla Valerie Vajèn
    Ize Lizzy Lyla Evy Fenne Elize Emmy Liva Madelief Tirza Quinty Jill Jolien Kyra Lenthe
    Marloes Linda Sandra Monique Petra Wendy Mirjam Karin Saskia Ellen Judith Bianca Chantal
    Danielle Daniëlle Nicole Miranda Patricia Yvonne Anja Annemieke Astrid Carla Caroline Inge
    Irene Jolanda Jacqueline Joyce Kirsten Liesbeth Marjolein Martine Maria Marion Mariska Mieke
    Natasja Nathalie Paula Renate Rianne Ria Simone Suzanne Thea Wilma Yolanda Annie Corrie Gerda
    Henny Joke Marja Marijke Riet Truus Tineke Nel Ineke Anneke Annelies Hanneke Jantine Lisette
    Mariëlle Marleen Marlies Martha Renée Rosanne Sylvia Tanja Vivian Els Elske Femke Jolanda
    Joanne Marianne Mariëtte Marieke Roos Sandra Sietske Sjoukje Wieke Wietske Hilde Hester
    Evelien Emmely Esmée Fabienne Gwen Iris Janine Jessica Joëlle Kelly Kimberly Lieke Lindsey
    Lisa Lotte Marjan Michelle Mandy Maureen Nancy Priscilla Sharon Stephanie Tanja Tessa Wendy
"""

_MOROCCAN_DUTCH = """
    Mohammed Mohamed Muhammed Ahmed Achmed Ayoub Bilal Hamza Ilias Ilyas Imran Ismail Khalid
    Mustafa Mostafa Omar Othman Rayan Redouan Reda Said Saïd Soufiane Sofian Yassin Yassine Younes
    Youssef Yousef Zakaria Amine Anouar Anwar Badr Brahim Driss Hassan Hicham Hakim Jamal Karim
    Mehdi Mounir Nabil Nordin Rachid Samir Tarik Tarek Yahya Abdel Abdelkader Abdellah Abdelhak
    Abderrahim Aziz Mimoun Mourad Noureddine Yassir Ayman Anas Idris Adil Nassim Marouane Zakaria
    Fatima Fatma Khadija Aicha Aisha Aïcha Amira Yasmina Yasmine Nour Malak Salma Hiba Ikram Imane
    Meryem Maryam Nadia Samira Naima Hafsa Houda Hajar Hanane Hind Ilham Karima Latifa Loubna
    Malika Mariam Najat Rachida Rania Sanae Siham Souad Zineb Zainab Zohra Soukaina Chaima Chayma
    Douae Assia Asmae Btissam Ibtissam Jamila Kenza Lamia Nisrine Ouafae Sabrina Safae Salima
    Widad Wafae Yousra Nawal Sihame Sana Oumaima Imane Ilham Mouna Nora Sara
"""

_TURKISH_DUTCH = """
    Mehmet Ahmet Murat Emre Burak Deniz Efe Emir Enes Eren Furkan Hakan Hasan Hüseyin Huseyin
    Ibrahim İbrahim Kerem Mert Ömer Omer Osman Ozan Serkan Selim Tarık Tolga Umut Yusuf Yiğit
    Yigit Baran Berat Batuhan Kaan Alper Cem Cihan Erdem Ercan Erkan Fatih Gökhan Gokhan Kemal
    Levent Orhan Recep Sinan Volkan Yasin Yunus Ali Arda Aras Kadir Halil Onur Oğuz Oguz Barış
    Baris Emin Metin Necati Ramazan Süleyman Suleyman Şahin Sahin Tuncay Yavuz Miraç Mirac
    Ayşe Ayse Elif Zeynep Emine Hatice Merve Esra Büşra Busra Kübra Kubra Sevgi Songül Songul
    Derya Dilara Ebru Ecrin Eylül Eylul Hülya Hulya Melek Nazlı Nazli Özlem Ozlem Rabia Selin
    Sema Sibel Tuba Yasemin Zehra Duygu Gizem Hande Aylin Ceren Cansu Defne Ela Eda Ece Irem İrem
    Nisa Asya Azra Hira Beyza Sude Berfin Rukiye Şeyma Seyma Gülsüm Gulsum Filiz Nurcan Serpil
"""

_SURINAMESE_ANTILLEAN = """
    Priya Anjali Ravi Shanti Rajesh Sunil Kavita Sharmila Dewi Jermaine Gino Kenneth Romano
    Shanice Esmeralda Jaylen Kishan Krishna Radj Rishi Roshni Reshma Sandhya Sunita Sita Soenita
    Vishal Vikash Anand Amit Arvind Ashwin Dinesh Ramesh Navin Nirmala Asha Usha Anita Indira
    Kiran Nisha Sangeeta Shivani Rajiv Ranjiv Sanjay Soeresh Dwayne Dwight Marlon Rodney Ricardo
    Clarence Glenn Errol Winston Wendell Quincy Shirley Gina Jennifer Denise Ingrid Angela
    Sharleen Shakira Kimberley Jeanine Roxanne Romina Ashley Samantha Tiara Chelsea Jeandro
    Giovanni Shurandy Jurich Jaylano Jurensly Shanaira Rishaine Naomy Jamiro Jaïr Jair
"""

_POLISH = """
    Jakub Kacper Szymon Filip Wojciech Piotr Tomasz Krzysztof Paweł Pawel Michał Michal Marcin
    Łukasz Lukasz Mateusz Bartosz Kamil Dawid Adrian Grzegorz Marek Andrzej Rafał Rafal Sebastian
    Patryk Oskar Antoni Aleksander Franciszek Stanisław Stanislaw Agnieszka Katarzyna Magdalena
    Zuzanna Maja Zofia Oliwia Marta Aleksandra Natalia Joanna Ewa Małgorzata Malgorzata Monika
    Karolina Justyna Dorota Beata Barbara Paulina Weronika Wiktoria Alicja Amelia Agata Iwona
"""

_SYRIAN = """
    Mohammad Muhammad Ahmad Hussein Khaled Rami Yazan Mahmoud Abdullah Abdulrahman Firas Fadi
    Samer Tamer Bashar Wael Majd Ammar Karam Moaz Obada Ayham Ghaith Hamzeh Jad Kinan Louai Nizar
    Jana Lana Hala Rasha Layla Leila Reem Dania Dima Farah Joud Lujain Maya Noura Rahaf Rana Ruba
    Sahar Shahd Tala Zeina Batoul Heba Israa Marwa Ghazal Aya
"""

_ERITREAN = """
    Yonas Semere Dawit Tesfay Tesfaye Abel Filmon Robel Merhawi Yohannes Mussie Kidane Tekle
    Medhanie Habtom Henok Biniam Bereket Samuel Efrem Ephrem Kibrom Natnael Senait Helen Selam
    Saba Rahel Luwam Mulu Semhar Ruta Feven Freweyni Hiwet Lidia Meron Rigat Senayt Winta Yordanos
    Ariam Elsa Mebrat Tsega Selamawit Eden Aman
"""

FIRST_NAMES = frozenset(
    " ".join(
        (
            _DUTCH_BOYS,
            _DUTCH_GIRLS,
            _MOROCCAN_DUTCH,
            _TURKISH_DUTCH,
            _SURINAMESE_ANTILLEAN,
            _POLISH,
            _SYRIAN,
            _ERITREAN,
        )
    ).split()
)

# Names that are also ordinary (Dutch or English) words in lower case: "als ouder mark je",
# "kan de moeder helen", "frank en vrij". After a role word only a capitalised one counts as a name.
_WORDS_TOO = """
    roos iris fleur floor jet mees merel linde jasmijn amber rosa puck lot els madelief mark
    frank peter rob said salam selam eden aman maya mare max bas ward ivy jade ella benjamin
    emir eren helen jack lex marjolein mats nova riet ton tuba tiara valentijn ellen joke demi
    amine sema
    """
NAMES_THAT_ARE_WORDS = frozenset(_WORDS_TOO.split())
